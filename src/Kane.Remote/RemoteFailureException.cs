namespace Kane.Remote;

/// <summary>
/// A <c>Status.Failure</c> that crossed from another system. Exceptions do not travel as types (a type name from
/// the wire never decides what is instantiated), so this carries the original type's name and message as text.
/// </summary>
public sealed class RemoteFailureException(string originalType, string message) : Exception($"{originalType}: {message}")
{
    /// <summary>The full name of the exception type on the sending system.</summary>
    public string OriginalType { get; } = originalType;
}
