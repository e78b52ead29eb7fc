namespace OrleansIm.Grains.ContentSafety;

public enum WordListMode
{
    /// <summary>Text containing a listed word is refused with InvalidArgument and not stored.</summary>
    Reject,

    /// <summary>Each listed word is replaced by as many '*' as it has characters, and the text is stored.</summary>
    Mask,
}
