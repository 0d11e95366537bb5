package uz.coffeeshop.keycloak.web.problem;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/**
 * Ends a request with a problem+json response. JAX-RS returns the response of a {@link WebApplicationException}
 * as it is, so no exception mapper has to be registered inside Keycloak.
 */
public final class ProblemException extends WebApplicationException {

    private final transient Problem problem;

    ProblemException(Problem problem, Response response) {
        super(problem.detail(), response);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
