namespace HvDsl.Runtime.Services;

/// <summary>What one running service has done since its host started.</summary>
/// <param name="Open">Connections being served now; never more than <see cref="ServiceLimits.MaxConcurrentConnections"/>.</param>
/// <param name="Served">Connections accepted for service, open or finished.</param>
/// <param name="Refused">Connections closed at once because every slot was taken.</param>
public readonly record struct ServiceCounters(int Open, long Served, long Refused);
