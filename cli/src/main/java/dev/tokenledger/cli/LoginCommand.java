package dev.tokenledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code tokenledger login}: the OAuth 2.0 device authorization grant — the CLI shows a link and a
 * code, the person signs in with their company account in any browser, and the CLI keeps the
 * tokens (refreshed as they expire) for the profile.
 */
@Command(name = "login", mixinStandardHelpOptions = true, description = "Sign in with your company account (in a browser, on any device).")
public final class LoginCommand implements Runnable {

    @Mixin
    Connection api;

    @Override
    public void run() {
        JsonNode device = api.keycloakForm("/auth/device", "client_id=" + Connection.enc(api.clientId()));
        String complete = device.path("verification_uri_complete").asText(null);
        System.out.println("To sign in, open " + (complete != null ? complete : device.path("verification_uri").asText()));
        System.out.println("and check that it shows the code " + device.path("user_code").asText());
        System.out.flush();
        long interval = Math.max(1, device.path("interval").asLong(5));
        long deadline = System.nanoTime() + device.path("expires_in").asLong(600) * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            sleep(interval);
            JsonNode answer = api.keycloakPoll("grant_type=urn:ietf:params:oauth:grant-type:device_code&client_id=" + Connection.enc(api.clientId())
                    + "&device_code=" + Connection.enc(device.path("device_code").asText()));
            String error = answer.path("error").asText("");
            switch (error) {
                case "" -> {
                    Credentials.inConfigHome().put(api.profile, answer);
                    System.out.println("Signed in (profile " + api.profile + ").");
                    return;
                }
                case "authorization_pending" -> {
                }
                case "slow_down" -> interval += 5;
                default -> throw new ApiException("sign-in not completed: " + error + " " + answer.path("error_description").asText(""));
            }
        }
        throw new ApiException("sign-in not completed in time: run tokenledger login again");
    }

    private static void sleep(long seconds) {
        try {
            Thread.sleep(seconds * 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException("interrupted");
        }
    }

    /** {@code tokenledger logout}: forgets the profile's tokens. */
    @Command(name = "logout", mixinStandardHelpOptions = true, description = "Forget the profile's tokens.")
    public static final class Logout implements Runnable {
        @Mixin
        Connection api;

        @Override
        public void run() {
            Credentials.inConfigHome().remove(api.profile);
            System.out.println("Signed out (profile " + api.profile + ").");
        }
    }
}
