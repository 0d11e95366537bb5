package uz.coffeeshop.gateway.server;

import uz.coffeeshop.gateway.door.AccessLog;
import uz.coffeeshop.gateway.door.DoorContext;
import uz.coffeeshop.gateway.door.DoorProperties;

/** Which answers get an access line ({@code GATEWAY_ACCESS_LOG}): the door's rule for it, named. */
enum AccessLines {

    /** One structured line per answer, when it is sent (the default). */
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
