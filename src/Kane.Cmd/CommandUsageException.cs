namespace Kane.Cmd;

/// <summary>The arguments do not fit the command; the client is told the message and exits with code 2.</summary>
public sealed class CommandUsageException(string message) : Exception(message);
