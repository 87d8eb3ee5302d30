package dev.tokenledger.cli;

/** The API refused a call (its problem document, in words) or could not be reached. */
public class ApiException extends RuntimeException {

    public ApiException(String message) {
        super(message);
    }
}
