namespace OrleansIm.Grains.ContentSafety;

/// <summary>
/// One step of the content safety chain, run on the silo before text is stored or relayed
/// (conversation messages and edits, room posts, system messages). Registered in DI as
/// <c>IMessageContentFilter</c>; the chain runs them in registration order, each on the previous
/// one's output.
/// </summary>
public interface IMessageContentFilter
{
    /// <summary>
    /// The text to keep (itself, or a changed copy such as a masked one). To refuse the text,
    /// throw <see cref="Interfaces.Errors.ImException"/> (InvalidArgument) with a message that
    /// does not repeat the text.
    /// </summary>
    string Filter(string text, ContentOrigin origin, string senderId);
}
