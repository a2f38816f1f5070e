using Microsoft.Extensions.Logging;

namespace Kane.Remote.Internal;

/// <summary>The transport's log lines (category <c>Kane.Remote</c>).</summary>
internal static partial class RemoteLog
{
    [LoggerMessage(100, LogLevel.Information, "Remoting listening on {Address} (uid {Uid}, tls {Tls})")]
    public static partial void LogInformationListening(this ILogger logger, string address, long uid, bool tls);

    [LoggerMessage(101, LogLevel.Information, "Associated with {Remote} (uid {Uid}, {Direction})")]
    public static partial void LogInformationAssociated(this ILogger logger, string remote, long uid, string direction);

    [LoggerMessage(102, LogLevel.Warning, "Refused association from {Endpoint}: {Reason}")]
    public static partial void LogWarningRefused(this ILogger logger, string endpoint, string reason);

    [LoggerMessage(103, LogLevel.Warning, "Association with {Remote} failed; gating it for {Gate}: {Reason}")]
    public static partial void LogWarningGated(this ILogger logger, string remote, TimeSpan gate, string reason);

    [LoggerMessage(104, LogLevel.Warning, "Quarantined {Remote} uid {Uid}: {Reason}. That incarnation must restart to talk to this system again")]
    public static partial void LogWarningQuarantined(this ILogger logger, string remote, long uid, string reason);

    [LoggerMessage(105, LogLevel.Warning, "Message of type {Type} to {Recipient} is {Size} bytes, over kane.remote.maximum-frame-size {Max}; sent to dead letters, the connection stays up")]
    public static partial void LogWarningOversized(this ILogger logger, string type, string recipient, int size, int max);

    [LoggerMessage(106, LogLevel.Warning, "Dropped a message from {Remote}: unknown serialization tag '{Tag}' (serializer {SerializerId}); register it in kane.remote.serialization on both systems")]
    public static partial void LogWarningUnknownTag(this ILogger logger, string remote, string tag, int serializerId);

    [LoggerMessage(107, LogLevel.Warning, "Cannot send {Type} to {Recipient}: {Reason}; sent to dead letters")]
    public static partial void LogWarningNotSerializable(this ILogger logger, string type, string recipient, string reason);

    [LoggerMessage(108, LogLevel.Information, "Connection with {Remote} closed: {Reason}")]
    public static partial void LogInformationDisconnected(this ILogger logger, string remote, string reason);

    [LoggerMessage(109, LogLevel.Warning, "Remote system {Remote} (uid {Uid}) is unreachable: no heartbeat for {Pause}; watchers get Terminated")]
    public static partial void LogWarningAddressTerminated(this ILogger logger, string remote, long uid, TimeSpan pause);

    [LoggerMessage(110, LogLevel.Warning, "Dropped a message from {Remote}: {Reason}")]
    public static partial void LogWarningInboundDropped(this ILogger logger, string remote, string reason);

    [LoggerMessage(111, LogLevel.Error, "This system was refused by {Remote}: {Reason}")]
    public static partial void LogErrorRefusedByPeer(this ILogger logger, string remote, string reason);
}
