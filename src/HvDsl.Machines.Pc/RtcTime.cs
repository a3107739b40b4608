using System;

namespace HvDsl.Machines.Pc;

/// <summary>Host time as the guest's RTC keeps it, so the wall-clock hypercall and the CMOS clock agree and stay reproducible.</summary>
internal sealed class RtcTime(CmosRtc rtc) : TimeProvider
{
    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => new(DateTime.SpecifyKind(rtc.CurrentTime, DateTimeKind.Utc));
}
