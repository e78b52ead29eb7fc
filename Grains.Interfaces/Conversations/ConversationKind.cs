namespace OrleansIm.Grains.Interfaces.Conversations;

[GenerateSerializer, Alias("OrleansIm.ConversationKind")]
public enum ConversationKind
{
    Direct = 1,
    Group = 2,
}
