namespace Kane.Actor;

/// <summary>A behaviour: handles a message and returns true, or returns false to leave it unhandled.</summary>
public delegate bool Receive(object message);
