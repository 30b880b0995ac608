package org.emailpki.api;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.emailpki.trust.CaStatus;
import org.emailpki.trust.GradeStatus;
import org.emailpki.trust.ReloadResult;
import org.emailpki.trust.SelfCheckReport;
import org.emailpki.trust.TrustAdministration;

/** The trusted CA registry and the grade, for administrators (docs/policy.md). */
@Path("/api/v1/trust")
@Authenticated
@Blocking
@Produces(MediaType.APPLICATION_JSON)
public class TrustResource {

  @Inject TrustAdministration trust;
  @Inject SecurityIdentity identity;

  /** Every registered CA with its declared and effective level, the reasons, and the grade's verdict. */
  @GET
  @Path("cas")
  public List<CaStatus> cas() {
    return trust.cas(Callers.of(identity));
  }

  @GET
  @Path("cas/{id}")
  public CaStatus ca(@PathParam("id") String id) {
    return trust.ca(Callers.of(identity), id);
  }

  /** Reads ca-config/ again; on an error the registry in force stays and a 422 names file and field. */
  @POST
  @Path("reload")
  public ReloadResult reload() {
    return trust.reload(Callers.of(identity));
  }

  /** The grade in force: its preset, the overrides, and the profiles' minimums. */
  @GET
  @Path("grade")
  public GradeStatus grade() {
    return trust.grade(Callers.of(identity));
  }

  /** The grade's checklist, item by item: pass, fail with the fix, or manual. */
  @GET
  @Path("self-check")
  public SelfCheckReport selfCheck() {
    return trust.selfCheck(Callers.of(identity));
  }
}
