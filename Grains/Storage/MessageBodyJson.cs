using System.Text.Json;
using OrleansIm.Grains.Interfaces.Messages;

namespace OrleansIm.Grains.Storage;

/// <summary>
/// The stored form of message bodies, the same for every backend: JSON with the "$k" kind
/// discriminators declared on <see cref="MessageBody"/>. Changing these options changes what
/// existing databases mean.
/// </summary>
internal static class MessageBodyJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string? Serialize(MessageBody? body) => body is null ? null : JsonSerializer.Serialize(body, Options);

    public static MessageBody? Deserialize(string? json) => json is null ? null : JsonSerializer.Deserialize<MessageBody>(json, Options);
}
