namespace OrleansIm.Bench.Scenarios.Messaging;

/// <summary>Where a sender's messages go and who must receive them.</summary>
public sealed record MessageRoute(string ConversationId, string[] Recipients);
