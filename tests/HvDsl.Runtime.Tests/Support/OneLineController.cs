using HvDsl.Runtime.Devices;

namespace HvDsl.Runtime.Tests.Support;

/// <summary>A one-line interrupt controller: a raised line 0 is vector 0x20 until acknowledged.</summary>
internal sealed class OneLineController : IInterruptController
{
    private bool _pending;

    public void SetLevel(int line, bool high) => _pending |= high;

    public bool HasPending => _pending;

    public int Acknowledge()
    {
        var had = _pending;
        _pending = false;
        return had ? 0x20 : -1;
    }
}
