namespace Kane.Organize.Planning;

/// <summary>The plan for one catalog file: an action from <see cref="Catalog.PlanActions"/> and, for moves, links and deletes, a full target path.</summary>
public sealed record PlannedFile(long Id, string Action, string? Target);
