namespace OrleansIm.Grains.Interfaces.Users;

/// <summary>Stored as an integer in the user sync log: values never change.</summary>
[GenerateSerializer, Alias("OrleansIm.SyncEventKind")]
public enum SyncEventKind
{
    /// <summary>A message in one of the user's conversations (conversation id + seq).</summary>
    Message = 1,

    /// <summary>The user moved their read position (from any device).</summary>
    Read = 2,

    /// <summary>Another member moved their read position: a read receipt.</summary>
    Receipt = 3,
}
