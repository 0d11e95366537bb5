package uz.coffeeshop.keycloak.cleanup;

import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserProvider;
import org.keycloak.models.cache.UserCache;
import org.keycloak.storage.StorageId;

/**
 * Removes a batch of local users together, leaving the database, the caches and every listener as Keycloak's own
 * {@code UserManager.removeUser} would leave them user by user (CleanupRemovalEquivalenceIT compares the two), in
 * about twenty statements per batch instead of dozens per user.
 *
 * <p>The steps follow Keycloak's: {@code UserStorageManager.removeUser} deletes the user's federated-storage rows,
 * fires {@link UserModel.UserPreRemovedEvent} (the organization cache reads the memberships then), the user cache
 * invalidates the user ({@code UserCacheSession.removeUser}), JPA deletes its rows, and {@code UserManager} fires
 * {@link UserModel.UserRemovedEvent} (sessions, login failures, authorization, workflows and any other listener).
 * Here each delete covers the whole batch ({@code IN (:ids)}), in the order realm removal uses ({@code
 * JpaUserFederatedStorageProvider.preRemove(realm)}, then {@code JpaUserProvider.preRemove(realm)}); the events
 * stay per user. When the users deleted are not the users given, {@link CountMismatch} undoes the transaction and
 * the worker removes them again Keycloak's way.
 */
final class BatchRemoval {

    /** Federated storage first, then the local tables; children before parents, as realm removal goes. */
    private static final List<String> FEDERATED_STORAGE = List.of(
            "delete from FederatedUserConsentClientScopeEntity s where s.userConsent in"
                    + " (select c from FederatedUserConsentEntity c where c.realmId = :realmId and c.userId in :ids)",
            "delete from FederatedUserConsentEntity c where c.realmId = :realmId and c.userId in :ids",
            "delete from FederatedUserRoleMappingEntity m where m.realmId = :realmId and m.userId in :ids",
            "delete from FederatedUserRequiredActionEntity a where a.realmId = :realmId and a.userId in :ids",
            "delete from BrokerLinkEntity l where l.realmId = :realmId and l.userId in :ids",
            "delete from FederatedUserCredentialEntity c where c.realmId = :realmId and c.userId in :ids",
            "delete from FederatedUserAttributeEntity a where a.realmId = :realmId and a.userId in :ids",
            "delete from FederatedUserGroupMembershipEntity m where m.realmId = :realmId and m.userId in :ids",
            "delete from FederatedUser u where u.realmId = :realmId and u.id in :ids",
            "delete from FederatedUserIssuedVerifiableCredentialEntity v where v.realmId = :realmId"
                    + " and v.userId in :ids",
            "delete from FederatedUserVerifiableCredentialEntity v where v.realmId = :realmId and v.userId in :ids");

    private static final List<String> LOCAL = List.of(
            "delete from UserConsentClientScopeEntity s where s.userConsent in"
                    + " (select c from UserConsentEntity c where c.user.id in :ids)",
            "delete from UserConsentEntity c where c.user.id in :ids",
            "delete from IssuedVerifiableCredentialEntity v where v.user.id in :ids",
            "delete from UserVerifiableCredentialEntity v where v.user.id in :ids",
            "delete from UserRoleMappingEntity m where m.user.id in :ids",
            "delete from UserRequiredActionEntity a where a.user.id in :ids",
            "delete from FederatedIdentityEntity f where f.user.id in :ids",
            "delete from CredentialEntity c where c.user.id in :ids",
            "delete from UserAttributeEntity a where a.user.id in :ids",
            "delete from UserGroupMembershipEntity m where m.user.id in :ids");

    private static final String USERS = "delete from UserEntity u where u.realmId = :realmId and u.id in :ids";

    private BatchRemoval() {}

    /**
     * Removes {@code users} (local users of {@code realm}, locked by the caller's transaction) in that transaction.
     *
     * @throws CountMismatch when the users deleted are not exactly {@code users}: the caller's transaction must
     *     end in a rollback
     */
    static void remove(KeycloakSession session, RealmModel realm, List<UserModel> users) {
        if (users.isEmpty()) {
            return;
        }
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        List<String> ids = users.stream().map(UserModel::getId).toList();
        // UserStorageManager leaves a service account's federated storage alone; so does the batch.
        List<String> federated = users.stream()
                .filter(user -> user.getServiceAccountClientLink() == null)
                .map(UserModel::getId)
                .toList();
        em.flush();
        // Hibernate dirty-checks every entity it manages before each query it runs (auto-flush): the batch's users
        // and their collections, loaded for the re-check, were walked again by every statement the listeners run
        // per user, a cost that grew with the square of the batch (two thirds of a batch's CPU in the profile of
        // 2026-12-02). Nothing is pending after the flush and the users go by id from here, so the persistence
        // context is emptied; the user models keep what was read of them.
        em.clear();
        if (!federated.isEmpty()) {
            for (String delete : FEDERATED_STORAGE) {
                em.createQuery(delete)
                        .setParameter("realmId", realm.getId())
                        .setParameter("ids", federated)
                        .executeUpdate();
            }
        }
        for (UserModel user : users) {
            session.getKeycloakSessionFactory().publish(new PreRemoved(session, realm, user));
        }
        invalidateCaches(session, em, realm, users, ids);
        for (String delete : LOCAL) {
            em.createQuery(delete).setParameter("ids", ids).executeUpdate();
        }
        int deleted = em.createQuery(USERS)
                .setParameter("realmId", realm.getId())
                .setParameter("ids", ids)
                .executeUpdate();
        if (deleted != ids.size()) {
            throw new CountMismatch(ids.size(), deleted);
        }
        for (UserModel user : users) {
            session.getKeycloakSessionFactory().publish(new Removed(session, realm, user));
        }
    }

    /**
     * The user cache forgets each user on every node once the transaction commits, as {@code
     * UserCacheSession.removeUser} makes it: {@link UserCache#evict} for the user and its lookups by id, name and
     * e-mail; the user's consents, identity-provider links and verifiable credentials go through the cache's own
     * removals, which invalidate the {@code .consents}, {@code .idplinks} (and link lookup) and credential entries
     * (one statement each, for the few users that have any). A user that has none of these has no such entry that
     * could say otherwise.
     */
    private static void invalidateCaches(
            KeycloakSession session, EntityManager em, RealmModel realm, List<UserModel> users, List<String> ids) {
        UserProvider provider = session.users();
        if (!(provider instanceof UserCache cache)) {
            return;
        }
        Map<String, UserModel> byId = users.stream().collect(Collectors.toMap(UserModel::getId, Function.identity()));
        for (Object[] consent : rows(
                em,
                "select c.user.id, c.clientId, c.clientStorageProvider, c.externalClientId from UserConsentEntity c"
                        + " where c.user.id in :ids",
                ids)) {
            String clientId = consent[1] != null
                    ? (String) consent[1]
                    : new StorageId((String) consent[2], (String) consent[3]).getId();
            cache.revokeConsentForClient(realm, (String) consent[0], clientId);
        }
        for (Object[] link : rows(
                em,
                "select f.user.id, f.identityProvider from FederatedIdentityEntity f where f.user.id in :ids",
                ids)) {
            cache.removeFederatedIdentity(realm, byId.get((String) link[0]), (String) link[1]);
        }
        for (Object[] credential :
                rows(em, "select v.user.id, v.id from UserVerifiableCredentialEntity v where v.user.id in :ids", ids)) {
            cache.removeVerifiableCredential((String) credential[0], (String) credential[1]);
        }
        for (UserModel user : users) {
            cache.evict(realm, user);
        }
    }

    private static List<Object[]> rows(EntityManager em, String query, List<String> ids) {
        return em.createQuery(query, Object[].class).setParameter("ids", ids).getResultList();
    }

    /** The batch deleted other users than it was given (someone else removed one meanwhile). */
    static final class CountMismatch extends RuntimeException {
        CountMismatch(int expected, int deleted) {
            super("batch removal deleted " + deleted + " of " + expected + " users");
        }
    }

    private record PreRemoved(KeycloakSession session, RealmModel realm, UserModel user)
            implements UserModel.UserPreRemovedEvent {
        @Override
        public RealmModel getRealm() {
            return realm;
        }

        @Override
        public UserModel getUser() {
            return user;
        }

        @Override
        public KeycloakSession getKeycloakSession() {
            return session;
        }
    }

    private record Removed(KeycloakSession session, RealmModel realm, UserModel user)
            implements UserModel.UserRemovedEvent {
        @Override
        public RealmModel getRealm() {
            return realm;
        }

        @Override
        public UserModel getUser() {
            return user;
        }

        @Override
        public KeycloakSession getKeycloakSession() {
            return session;
        }
    }
}
