namespace Kane.Actors;

/// <summary>How urgent a task (or a job) is. Higher runs first; within a level, <see cref="KaneTask.Rank"/> then age decide.</summary>
public enum TaskPriority
{
    Low = 0,
    Normal = 1,
    High = 2,
    Critical = 3,
}
