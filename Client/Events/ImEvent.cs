namespace OrleansIm.Client.Events;

/// <summary>Base of everything <see cref="ImClient.Events"/> yields; switch on the concrete type.</summary>
public abstract record ImEvent;
