namespace Kane.Organize.Run;

/// <summary>The run cannot start as asked (bad paths, bad layout, an unfinished run with other options): nothing was changed.</summary>
public sealed class OrganizeUsageException(string message) : Exception(message);
