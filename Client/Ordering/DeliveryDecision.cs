namespace OrleansIm.Client.Ordering;

/// <summary>What <see cref="ConversationDeliveryTracker.Classify"/> says about one message.</summary>
internal enum DeliveryDecision
{
    /// <summary>The next seq of its conversation, or the first the client has seen of it.</summary>
    Deliver,
    /// <summary>At or below the last delivered seq of its conversation.</summary>
    Duplicate,
    /// <summary>Seqs between the last delivered one and this one are missing: fetch them first.</summary>
    Gap,
}
