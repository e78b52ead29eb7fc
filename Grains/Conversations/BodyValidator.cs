using System.Text;
using OrleansIm.Grains.Interfaces.Errors;
using OrleansIm.Grains.Interfaces.Ids;
using OrleansIm.Grains.Interfaces.Messages;
using OrleansIm.Grains.Options;

namespace OrleansIm.Grains.Conversations;

/// <summary>Checks what a user may put in a message; system, edit and recall bodies are the server's to write.</summary>
internal static class BodyValidator
{
    public static void Require(MessageBody? body, MessagingOptions options, string field = "body")
    {
        switch (body)
        {
            case null:
                throw ImException.InvalidArgument($"{field} is required (text or custom).");
            case TextBody text:
                if (string.IsNullOrWhiteSpace(text.Text))
                {
                    throw ImException.InvalidArgument($"{field}.text must not be empty.");
                }
                var bytes = Encoding.UTF8.GetByteCount(text.Text);
                if (bytes > options.MaxBodyBytes)
                {
                    throw ImException.InvalidArgument($"{field}.text is {bytes} bytes; the limit is {options.MaxBodyBytes}.");
                }
                break;
            case CustomBody custom:
                if (!UserId.IsValid(custom.Type))
                {
                    throw ImException.InvalidArgument($"{field}.custom.type must be 1-{UserId.MaxLength} characters of A-Z, a-z, 0-9, '_', '.', '-'.");
                }
                if (custom.Data.Length > options.MaxBodyBytes)
                {
                    throw ImException.InvalidArgument($"{field}.custom.data is {custom.Data.Length} bytes; the limit is {options.MaxBodyBytes}.");
                }
                break;
            default:
                throw ImException.InvalidArgument($"{field} must be text or custom; system, edit and recall bodies are written by the server.");
        }
    }
}
