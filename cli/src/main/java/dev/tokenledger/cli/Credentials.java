package dev.tokenledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

/**
 * The tokens of {@code tokenledger login}, per profile, in {@code ~/.config/tokenledger/credentials.json}:
 * readable by its owner only (600, in a 700 directory), written whole through a temporary file.
 */
final class Credentials {

    private final Path file;

    Credentials(Path file) {
        this.file = file;
    }

    static Credentials inConfigHome() {
        return new Credentials(Connection.configHome().resolve("tokenledger").resolve("credentials.json"));
    }

    Path file() {
        return file;
    }

    /** The profile's tokens, or null. */
    JsonNode get(String profile) {
        JsonNode all = read();
        return all.hasNonNull(profile) ? all.get(profile) : null;
    }

    /** Stores a token endpoint's answer for the profile, with when its tokens expire. */
    void put(String profile, JsonNode tokenAnswer) {
        ObjectNode entry = Connection.json().createObjectNode();
        Instant now = Instant.now();
        entry.put("access_token", tokenAnswer.path("access_token").asText());
        entry.put("expires_at", now.plusSeconds(tokenAnswer.path("expires_in").asLong(60)).toString());
        if (tokenAnswer.hasNonNull("refresh_token")) {
            entry.put("refresh_token", tokenAnswer.get("refresh_token").asText());
            entry.put("refresh_expires_at", now.plusSeconds(tokenAnswer.path("refresh_expires_in").asLong(1800)).toString());
        }
        ObjectNode all = read();
        all.set(profile, entry);
        write(all);
    }

    void remove(String profile) {
        ObjectNode all = read();
        if (all.remove(profile) != null) {
            write(all);
        }
    }

    private ObjectNode read() {
        try {
            return Files.exists(file) ? (ObjectNode) Connection.json().readTree(file.toFile()) : Connection.json().createObjectNode();
        } catch (IOException | ClassCastException e) {
            throw new ApiException("cannot read " + file + ": " + e.getMessage());
        }
    }

    private void write(ObjectNode all) {
        try {
            Path dir = file.getParent();
            if (!Files.exists(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Path tmp = Files.createTempFile(dir, ".credentials", ".json", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, all.toPrettyString());
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ApiException("cannot write " + file + ": " + e.getMessage());
        }
    }
}
