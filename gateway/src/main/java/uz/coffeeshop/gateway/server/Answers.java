package uz.coffeeshop.gateway.server;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Map;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;
import uz.coffeeshop.gateway.door.DoorContext;
import uz.coffeeshop.gateway.door.Problem;
import uz.coffeeshop.gateway.door.Problems;
import uz.coffeeshop.gateway.door.RequestIds;
import uz.coffeeshop.gateway.door.SecurityHeaders;

/**
 * How the door writes what it answers itself: problems, health, an answered preflight; and the headers every
 * answer carries, Keycloak's too ({@link #finish}): the security headers and the request id.
 */
final class Answers {

    private Answers() {}

    /** The front door's part of every answer, just before its headers go out. */
    static void finish(HttpServerResponse response, DoorContext door) {
        HttpHeaders headers = response.responseHeaders();
        SecurityHeaders.apply(headers);
        headers.set(RequestIds.HEADER, door.requestId());
    }

    static Mono<Void> problem(HttpServerResponse response, DoorContext door, Problem problem) {
        if (response.hasSentHeaders()) {
            return Mono.empty();
        }
        HttpHeaders headers = response.responseHeaders();
        for (Map.Entry<String, String> header : problem.headers().entrySet()) {
            if (header.getKey().equalsIgnoreCase("Connection")) {
                response.keepAlive(false);
            } else {
                headers.set(header.getKey(), header.getValue());
            }
        }
        return bytes(response, door, problem.status().value(), Problems.PROBLEM_JSON, problem.body(door.requestId()));
    }

    static Mono<Void> bytes(HttpServerResponse response, DoorContext door, int status, String type, byte[] body) {
        response.status(status);
        HttpHeaders headers = response.responseHeaders();
        headers.set(HttpHeaderNames.CONTENT_TYPE, type);
        headers.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        finish(response, door);
        return Mono.from(response.sendByteArray(Mono.just(body)));
    }

    /** An empty 200, for an allowed CORS preflight. */
    static Mono<Void> empty(HttpServerResponse response, DoorContext door) {
        response.status(200);
        response.responseHeaders().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        finish(response, door);
        return Mono.from(response.send());
    }
}
