package uz.coffeeshop.gateway.door;

/**
 * Which answers get an access line ({@code GATEWAY_ACCESS_LOG}), named. Reactor Netty's own access log can't write
 * it: its arguments know the connection and the headers, not the request's subject and rule-checked client address.
 */
public enum AccessLines {

    /** One structured line per answer, when the exchange ends (the default). */
    EVERY_ANSWER {
        @Override
        void record(String method, String path, int status, DoorContext door) {
            AccessLog.write(method, path, status, door);
        }
    },

    /** None: the request id in the answers and problems is what is left to trace a call. */
    NONE {
        @Override
        void record(String method, String path, int status, DoorContext door) {}
    };

    /** {@code path}: the raw path, without the query. */
    abstract void record(String method, String path, int status, DoorContext door);

    static AccessLines of(DoorProperties door) {
        return door.accessLog() ? EVERY_ANSWER : NONE;
    }
}
