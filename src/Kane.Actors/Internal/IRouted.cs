namespace Kane.Actors.Internal;

/// <summary>A message for one job entity: the job region's extractor reads <see cref="JobId"/>.</summary>
internal interface IJobMessage
{
    string JobId { get; }
}

/// <summary>A message for one agent entity: the agent region's extractor reads <see cref="AgentId"/>.</summary>
internal interface IAgentMessage
{
    string AgentId { get; }
}
