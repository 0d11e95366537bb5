package uz.coffeeshop.gateway.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import uz.coffeeshop.gateway.door.DoorContext;
import uz.coffeeshop.gateway.door.RequestTarget;
import uz.coffeeshop.gateway.problem.Failures;
import uz.coffeeshop.gateway.routing.Upstream;

/**
 * One request on one caller's connection and its answer, on the connection's event loop: the door's facts, the body
 * as it comes (kept up to the limit, for Keycloak), the answer's headers so far (CORS), and how the answer goes out
 * (the door's own, or Keycloak's streamed back), then the access line. The exchange ends when both the request
 * was read to its end and the answer was sent; the connection then takes its next request, or closes when the
 * caller, the answer or a shutdown said so.
 */
final class Exchange implements Upstream.Answer {

    private final DoorConnection connection;
    private final ChannelHandlerContext ctx;
    private final HttpRequest request;
    private final RequestTarget target;
    private final DoorContext door;
    private final AccessLines accessLines;
    private final long maxBodyBytes;
    private final boolean hasBody;
    private final HttpHeaders answerHeaders =
            DefaultHttpHeadersFactory.headersFactory().withValidation(false).newHeaders();

    private CompositeByteBuf body;
    private boolean bodyTooLarge;
    private boolean requestEnded;
    private Runnable afterBody;
    private boolean continueSent;

    private Upstream.Call call;
    private int status;
    private boolean answerStarted;
    private boolean answerEnded;
    private boolean keepAlive;
    private boolean abandoned;

    Exchange(
            DoorConnection connection,
            ChannelHandlerContext ctx,
            HttpRequest request,
            RequestTarget target,
            DoorContext door,
            AccessLines accessLines,
            long maxBodyBytes) {
        this.connection = connection;
        this.ctx = ctx;
        this.request = request;
        this.target = target;
        this.door = door;
        this.accessLines = accessLines;
        this.maxBodyBytes = maxBodyBytes;
        this.hasBody = HttpUtil.isContentLengthSet(request) || HttpUtil.isTransferEncodingChunked(request);
    }

    HttpRequest request() {
        return request;
    }

    RequestTarget target() {
        return target;
    }

    DoorContext door() {
        return door;
    }

    HttpHeaders answerHeaders() {
        return answerHeaders;
    }

    boolean answerStarted() {
        return answerStarted;
    }

    boolean requestEnded() {
        return requestEnded;
    }

    /** Runs {@code step} on the connection's event loop (where every part of an exchange runs). */
    void onLoop(Runnable step) {
        if (ctx.executor().inEventLoop()) {
            step.run();
        } else {
            ctx.executor().execute(step);
        }
    }

    // ---- the request's body

    /** A part of the request's body, kept for Keycloak until the limit; beyond it, dropped and the body refused. */
    void bodyPart(HttpContent part) {
        try {
            if (hasBody && !bodyTooLarge && !answerStarted && part.content().isReadable()) {
                if (body == null) {
                    body = ctx.alloc().compositeBuffer(Integer.MAX_VALUE);
                }
                if (body.readableBytes() + (long) part.content().readableBytes() > maxBodyBytes) {
                    bodyTooLarge = true;
                    body.release();
                    body = null;
                } else {
                    body.addComponent(true, part.content().retain());
                }
            }
        } finally {
            part.release();
        }
        if (part instanceof LastHttpContent) {
            requestEnded = true;
        }
        if (afterBody != null && (requestEnded || bodyTooLarge)) {
            Runnable next = afterBody;
            afterBody = null;
            next.run();
        }
        if (requestEnded && answerEnded) {
            if (keepAlive) {
                connection.ended(this);
            } else {
                ctx.close();
            }
        }
    }

    /**
     * Runs {@code next} once the body was read to its end or went over the limit ({@link #bodyTooLarge}), asking a
     * caller that expects {@code 100 Continue} for it first.
     */
    void afterBody(Runnable next) {
        if (requestEnded || bodyTooLarge) {
            next.run();
            return;
        }
        afterBody = next;
        if (HttpUtil.is100ContinueExpected(request) && !continueSent) {
            continueSent = true;
            ctx.writeAndFlush(new DefaultFullHttpResponse(
                    HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER));
        }
    }

    boolean bodyTooLarge() {
        return bodyTooLarge;
    }

    /** The body read whole (the caller owns it now), or {@code null} when the request had none. */
    ByteBuf takeBody() {
        if (!hasBody) {
            return null;
        }
        ByteBuf whole = body == null ? Unpooled.EMPTY_BUFFER : body;
        body = null;
        return whole;
    }

    // ---- the answer

    /** Keycloak's answer to this request, through {@code upstream}. */
    void forwardTo(Upstream upstream) {
        call = upstream.forward(
                ctx.channel(), request.method(), target, request.headers(), door, takeBody(), answerHeaders, this);
    }

    /** One answer of the door's own, whole ({@link Answers} built it). */
    void answer(FullHttpResponse response, boolean close) {
        if (answerStarted || abandoned) {
            response.release();
            return;
        }
        start(response, close);
        finishAnswer(ctx.writeAndFlush(response));
    }

    @Override
    public void head(HttpResponse head) {
        if (abandoned) {
            return;
        }
        Answers.finish(head.headers(), door);
        start(head, false);
        ctx.write(head);
    }

    @Override
    public void content(HttpContent part) {
        if (abandoned) {
            part.release();
            return;
        }
        if (part instanceof LastHttpContent) {
            call = null;
            finishAnswer(ctx.writeAndFlush(part));
        } else {
            ctx.writeAndFlush(part);
        }
    }

    @Override
    public void failed(Throwable error) {
        call = null;
        if (abandoned) {
            return;
        }
        if (answerStarted) {
            // Keycloak's answer was on its way: nothing to say but to end the connection, as a proxy does.
            Failures.of(error, door.requestId());
            accessLines.record(request.method().name(), target.path(), status, door);
            ctx.close();
            return;
        }
        Answers.problem(this, Failures.of(error, door.requestId()));
    }

    private void start(HttpResponse response, boolean close) {
        answerStarted = true;
        status = response.status().code();
        // A caller that expected 100 Continue and was answered without it may not send its body: don't wait for it.
        boolean unreadBody =
                !requestEnded && (bodyTooLarge || HttpUtil.is100ContinueExpected(request) && !continueSent);
        keepAlive = !close && !unreadBody && HttpUtil.isKeepAlive(request) && !connection.draining();
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }

    private void finishAnswer(ChannelFuture written) {
        answerEnded = true;
        accessLines.record(request.method().name(), target.path(), status, door);
        if (keepAlive) {
            if (requestEnded) {
                connection.ended(this);
            }
            return;
        }
        release();
        if (requestEnded) {
            written.addListener(ChannelFutureListener.CLOSE);
            return;
        }
        connection.closeAfterUnreadBody(written);
    }

    /** The caller's connection closed: whatever is under way for it is given up. */
    void abandon() {
        abandoned = true;
        if (call != null) {
            call.cancel();
            call = null;
        }
        release();
    }

    private void release() {
        if (body != null) {
            body.release();
            body = null;
        }
        afterBody = null;
    }
}
