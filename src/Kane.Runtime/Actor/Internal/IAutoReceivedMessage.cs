namespace Kane.Actor.Internal;

/// <summary>User-queue messages the cell handles itself before (or instead of) the actor's behaviour.</summary>
internal interface IAutoReceivedMessage;
