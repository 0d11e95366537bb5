package uz.coffeeshop.gateway.server;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Map;
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
    static void finish(HttpHeaders headers, DoorContext door) {
        SecurityHeaders.apply(headers);
        headers.set(RequestIds.HEADER, door.requestId());
    }

    /** A problem; one whose headers say {@code Connection: close} closes the connection after it. */
    static void problem(Exchange exchange, Problem problem) {
        if (exchange.answerStarted()) {
            return;
        }
        boolean close = false;
        HttpHeaders headers = exchange.answerHeaders();
        for (Map.Entry<String, String> header : problem.headers().entrySet()) {
            if (header.getKey().equalsIgnoreCase("Connection")) {
                close = true;
            } else {
                headers.set(header.getKey(), header.getValue());
            }
        }
        byte[] body = problem.body(exchange.door().requestId());
        write(exchange, problem.status().value(), Problems.PROBLEM_JSON, body, close);
    }

    static void bytes(Exchange exchange, int status, String type, byte[] body) {
        write(exchange, status, type, body, false);
    }

    /** An empty 200, for an allowed CORS preflight. */
    static void empty(Exchange exchange) {
        write(exchange, 200, null, new byte[0], false);
    }

    private static void write(Exchange exchange, int status, String type, byte[] body, boolean close) {
        HttpHeaders headers = exchange.answerHeaders();
        if (type != null) {
            headers.set(HttpHeaderNames.CONTENT_TYPE, type);
        }
        headers.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        finish(headers, exchange.door());
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(status),
                Unpooled.wrappedBuffer(body),
                headers,
                DefaultHttpHeadersFactory.trailersFactory().newEmptyHeaders());
        exchange.answer(response, close);
    }
}
