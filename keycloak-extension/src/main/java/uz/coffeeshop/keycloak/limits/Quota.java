package uz.coffeeshop.keycloak.limits;

/** How many calls of one action a client IP and a target address may make per window; 0 turns that count off. */
record Quota(int perIp, int perAddress) {}
