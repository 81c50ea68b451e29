package io.segmenter.schemas.registry;

/**
 * The registry answered with an error the client has no specific exception for, e.g. 401/403
 * (credentials), or a 404 that is not about a schema (a wrong base URL).
 */
public class SchemaRegistryRequestException extends SchemaRegistryException {

  private final int httpStatus;
  private final int errorCode;

  public SchemaRegistryRequestException(
      String registryUrl, String request, int httpStatus, int errorCode, String registryMessage) {
    super("Schema registry at " + registryUrl + " answered " + request + " with HTTP " + httpStatus
        + " (error_code " + errorCode + "): " + registryMessage, registryUrl);
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** The registry's {@code error_code}, or the HTTP status when the body had none. */
  public int errorCode() {
    return errorCode;
  }
}
