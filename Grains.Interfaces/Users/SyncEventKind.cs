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

    /// <summary>
    /// The user was @mentioned in a large group (read diffusion: the only per-member record a
    /// message there makes). <see cref="SyncEventRecord.Seq"/> is the message's seq, the actor its sender.
    /// </summary>
    Mention = 4,
}
