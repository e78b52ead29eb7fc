using OrleansIm.Protocol.V1;

namespace OrleansIm.Gateway.LargeGroups;

/// <summary>One large group's newest hint window at this gateway: its messages, mapped once, and who may read them.</summary>
internal sealed record CachedWindow(long PreviousSeq, long LastSeq, Message[] Messages, HashSet<string> Readers, int MaxPageSize, DateTimeOffset ExpiresAt);
