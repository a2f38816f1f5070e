using Kane.Routing;

namespace Kane.Actor;

/// <summary>
/// An immutable recipe for an actor: how to construct it, which dispatcher and mailbox run it, and how it supervises
/// its children. The same Props is reused for every restart.
/// </summary>
public sealed record Props
{
    /// <summary>The dispatcher id used when none is given.</summary>
    public const string DefaultDispatcherId = "kane.actor.default-dispatcher";

    /// <summary>The mailbox id used when none is given.</summary>
    public const string DefaultMailboxId = "kane.actor.default-mailbox";

    private Props(Type actorType, Func<ActorBase> factory)
    {
        ActorType = actorType;
        Factory = factory;
    }

    public Type ActorType { get; }

    internal Func<ActorBase> Factory { get; }

    // The settings most Props leave at their defaults share one holder: a Props made per entity (a factory that
    // captures the entity's id) is 24 bytes smaller for it, and every actor keeps its Props.
    private Options _options = Options.Default;

    public string Dispatcher { get => _options.Dispatcher; init => _options = _options with { Dispatcher = value }; }

    public string Mailbox { get => _options.Mailbox; init => _options = _options with { Mailbox = value }; }

    /// <summary>Overrides the strategy the actor's own <c>SupervisorStrategy()</c> returns.</summary>
    public SupervisorStrategy? SupervisorStrategy { get => _options.SupervisorStrategy; init => _options = _options with { SupervisorStrategy = value }; }

    /// <summary>When set, the actor is a router of this kind in front of routees.</summary>
    public RouterConfig? Router { get => _options.Router; init => _options = _options with { Router = value }; }

    private sealed record Options(string Dispatcher, string Mailbox, SupervisorStrategy? SupervisorStrategy, RouterConfig? Router)
    {
        public static readonly Options Default = new(DefaultDispatcherId, DefaultMailboxId, null, null);
    }

    /// <summary>Props for an actor with a parameterless constructor.</summary>
    public static Props Create<T>() where T : ActorBase, new() => new(typeof(T), static () => new T());

    /// <summary>Props for an actor built by <paramref name="factory"/>; called again on every restart.</summary>
    public static Props Create<T>(Func<T> factory) where T : ActorBase
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new Props(typeof(T), factory);
    }

    public Props WithDispatcher(string dispatcherId) => this with { Dispatcher = dispatcherId };

    public Props WithMailbox(string mailboxId) => this with { Mailbox = mailboxId };

    public Props WithSupervisorStrategy(SupervisorStrategy strategy) => this with { SupervisorStrategy = strategy };

    public Props WithRouter(RouterConfig router) => this with { Router = router };

    /// <summary>Props for an actor that does nothing; useful as a placeholder child.</summary>
    public static readonly Props Empty = Create<EmptyActor>();

    private sealed class EmptyActor : ActorBase
    {
        protected override bool Receive(object message) => false;
    }
}
