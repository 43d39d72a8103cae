package dev.slipway.server;

/** The error body of every 4xx/5xx answer: what went wrong, and which field or thing it was about. */
public record ApiError(String error, String detail) {}
