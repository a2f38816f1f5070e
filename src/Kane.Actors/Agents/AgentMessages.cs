namespace Kane.Actors;

// Sent to an agent through the agent region (the extractor reads AgentId); each is answered with the agent's
// AgentInfo once the change is journaled, or AgentNotFound for an id that was never added.

public sealed record GetAgent(string AgentId) : Internal.IAgentMessage;

/// <summary>No new tasks; running ones finish.</summary>
public sealed record PauseAgent(string AgentId) : Internal.IAgentMessage;

public sealed record ResumeAgent(string AgentId) : Internal.IAgentMessage;

/// <summary>Stops taking tasks and cancels the running ones (they are re-dispatched elsewhere); <see cref="ResumeAgent"/> brings it back.</summary>
public sealed record StopAgent(string AgentId) : Internal.IAgentMessage;

public sealed record AgentNotFound(string AgentId);
