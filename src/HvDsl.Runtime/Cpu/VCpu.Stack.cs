namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    /// <summary>Pushes on SS:rSP; RSP changes only if the write succeeds.</summary>
    private bool Push(int size, ulong value)
    {
        var stackSize = StackAddressSize;
        var sp = (_state.Gpr[4] - (ulong)size) & SizeMask(stackSize);
        if (!WriteSeg(SsIndex, sp, size, value))
            return false;
        SetStackPointer(sp, stackSize);
        return true;
    }

    /// <summary>Reads the value <paramref name="depth"/> bytes above rSP without popping it.</summary>
    private bool Peek(int depth, int size, out ulong value) =>
        ReadSeg(SsIndex, (_state.Gpr[4] + (ulong)depth) & SizeMask(StackAddressSize), size, out value);

    /// <summary>Moves rSP up by <paramref name="bytes"/> (after successful peeks).</summary>
    private void Discard(ulong bytes) => SetStackPointer(_state.Gpr[4] + bytes, StackAddressSize);

    /// <summary>Pops from SS:rSP.</summary>
    private bool Pop(int size, out ulong value)
    {
        if (!Peek(0, size, out value))
            return false;
        Discard((ulong)size);
        return true;
    }
}
