namespace OrleansIm.Grains.Interfaces.Messages;

[GenerateSerializer, Alias("OrleansIm.HistoryDirection")]
public enum HistoryDirection
{
    /// <summary>seq &lt; anchor (anchor 0 = from the latest), newest first.</summary>
    Backward = 1,

    /// <summary>seq &gt; anchor, oldest first.</summary>
    Forward = 2,
}
