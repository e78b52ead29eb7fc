using Orleans.Concurrency;
using System.Text.Json.Serialization;

namespace OrleansIm.Grains.Interfaces.Messages;

/// <summary>
/// The typed body of a message. The JSON discriminators are what the message store keeps on
/// disk, so they never change once released; new kinds get new discriminators.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansIm.MessageBody")]
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$k")]
[JsonDerivedType(typeof(TextBody), "text")]
[JsonDerivedType(typeof(CustomBody), "custom")]
[JsonDerivedType(typeof(SystemNoticeBody), "system")]
[JsonDerivedType(typeof(EditBody), "edit")]
[JsonDerivedType(typeof(RecallBody), "recall")]
public abstract record MessageBody
{
    /// <summary>Whether a message with this body counts towards its readers' unread counts.</summary>
    [JsonIgnore]
    public abstract bool CountsAsUnread { get; }
}
