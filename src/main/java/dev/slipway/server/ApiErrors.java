package dev.slipway.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.slipway.deploy.BusyException;
import dev.slipway.project.InvalidInputException;
import dev.slipway.project.NotFoundException;
import dev.slipway.store.StoreException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.eclipse.jetty.io.EofException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps exceptions to answers: bad input is a 4xx naming the field; never a stack trace to the client. */
final class ApiErrors {
    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

    private ApiErrors() {}

    static void register(RoutesConfig routes) {
        routes.exception(InvalidInputException.class, (e, ctx) -> answer(ctx, 400, e.getMessage(), e.field()));
        routes.exception(NotFoundException.class, (e, ctx) -> answer(ctx, 404, e.getMessage(), null));
        routes.exception(BusyException.class, (e, ctx) -> answer(ctx, 409, e.getMessage(), null));
        routes.exception(HttpResponseException.class, (e, ctx) -> answer(ctx, e.getStatus(), e.getMessage(), null));
        routes.exception(JsonProcessingException.class, (e, ctx) -> answer(ctx, 400, "request body is not valid JSON: " + e.getOriginalMessage(), "body"));
        routes.exception(Exception.class, (e, ctx) -> {
            if (e.getCause() instanceof JsonProcessingException json) {
                answer(ctx, 400, "request body is not valid: " + json.getOriginalMessage(), "body");
                return;
            }
            if (e instanceof StoreException store && store.isOutage()) {
                // Slipway's own database (--db) is down or restarting: not a bug, and it passes; one line, no stack trace.
                LOG.warn("{} {}: the database did not answer: {}", ctx.method(), ctx.path(), store.driverMessage());
                answer(ctx, 503, "Slipway's database is not answering; try again once it is back (the server log has the details)", null);
                return;
            }
            if (endedEarly(e)) {
                // The client's fault, not the server's: one line, no stack trace.
                LOG.info("{} {}: the request body ended before its Content-Length", ctx.method(), ctx.path());
                answer(ctx, 400, "request body is incomplete: the connection ended before Content-Length bytes arrived", "body");
                return;
            }
            LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
            answer(ctx, 500, "internal error; the server log has the details", null);
        });
        routes.error(404, ctx -> {
            if (ctx.result() == null) answer(ctx, 404, "no such endpoint: " + ctx.method() + " " + ctx.path(), null);
        });
    }

    /** Jetty's EofException: the client closed (or half-closed) the connection while its body was being read. */
    private static boolean endedEarly(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EofException) return true;
        }
        return false;
    }

    static void answer(Context ctx, int status, String error, String detail) {
        ctx.status(status).json(new ApiError(error, detail));
    }
}
