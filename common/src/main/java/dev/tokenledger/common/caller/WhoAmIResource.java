package dev.tokenledger.common.caller;

import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** {@code GET /v1/whoami} in every service: what the service understood from the caller's token. */
@Path("/v1/whoami")
public class WhoAmIResource {

    @Inject
    Caller caller;

    @ConfigProperty(name = "quarkus.application.name")
    String service;

    @GET
    @Authenticated
    @Produces(MediaType.APPLICATION_JSON)
    public WhoAmI whoami() {
        return new WhoAmI(service, caller.tenantId(), caller.subject(), caller.roles());
    }
}
