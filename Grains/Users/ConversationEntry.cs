using OrleansIm.Grains.Interfaces.Conversations;
using OrleansIm.Grains.Interfaces.Messages;

namespace OrleansIm.Grains.Users;

/// <summary>One line of a user's conversation list, as the user grain keeps it.</summary>
[GenerateSerializer, Alias("OrleansIm.ConversationEntry")]
public sealed class ConversationEntry
{
    [Id(0)] public ConversationKind Kind { get; set; }
    [Id(1)] public string Title { get; set; } = "";
    [Id(2)] public long LastSeq { get; set; }
    [Id(3)] public long ReadSeq { get; set; }
    [Id(4)] public int Unread { get; set; }
    [Id(5)] public MessageRecord? LastMessage { get; set; }
    [Id(6)] public long LastActivityMs { get; set; }

    /// <summary>The user left or was removed; kept so that late redeliveries of older messages are recognised and dropped.</summary>
    [Id(7)] public bool Left { get; set; }
}
