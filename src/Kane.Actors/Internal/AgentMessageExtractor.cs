using Kane.Cluster.Sharding;

namespace Kane.Actors.Internal;

/// <summary>
/// An agent's id is <c>{node}/{n}</c>; its shard is its home node (host:port), so a node's agents move together and
/// the home-node allocation strategy keeps them on that node while it is a member.
/// </summary>
internal sealed class AgentMessageExtractor : IMessageExtractor
{
    public string? EntityId(object message) => message switch
    {
        ShardEnvelope e => e.EntityId,
        StartEntity s => s.EntityId,
        IAgentMessage m => m.AgentId,
        _ => null,
    };

    public object EntityMessage(object message) => message is ShardEnvelope e ? e.Message : message;

    public string ShardId(object message) =>
        ShardId(EntityId(message) ?? throw new ArgumentException($"{message.GetType().Name} is not for an agent, so it has no shard.", nameof(message)));

    public string ShardId(string entityId) => HomeNode(entityId);

    /// <summary>The home node of an agent id (<c>{node}/{n}</c>): everything before the last '/'.</summary>
    public static string HomeNode(string agentId)
    {
        var slash = agentId.LastIndexOf('/');
        return slash > 0 ? agentId[..slash] : agentId;
    }

    public static string AgentId(string node, int number) => $"{node}/{number}";
}
