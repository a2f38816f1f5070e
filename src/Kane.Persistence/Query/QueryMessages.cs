namespace Kane.Persistence.Query;

/// <summary>Sent to the target of a piped current query after its last envelope; <see cref="LastOffset"/> is where to resume.</summary>
public sealed record EventsByTagCompleted(string Tag, long LastOffset);

/// <summary>Sent to the target of a piped query that stopped on an error; resume from <see cref="LastOffset"/>.</summary>
public sealed record EventsByTagFailed(string Tag, long LastOffset, Exception Cause);
