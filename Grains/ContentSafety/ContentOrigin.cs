namespace OrleansIm.Grains.ContentSafety;

/// <summary>Where text to be checked comes from, for filters that treat them differently.</summary>
public enum ContentOrigin
{
    Message,
    Edit,
    RoomPost,
    SystemMessage,
}
