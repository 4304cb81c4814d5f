namespace DsApp.AppHost.Cache;

/// <summary>The app cannot get a Redis; the message says what to install or configure.</summary>
public sealed class CacheUnavailableException(string message) : Exception(message);
