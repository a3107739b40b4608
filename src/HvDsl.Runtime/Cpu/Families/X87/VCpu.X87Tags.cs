namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    /// <summary>Tag values (SDM vol. 1, 8.1.7): valid, zero, special (NaN, infinity, denormal, unsupported), empty.</summary>
    private const int TagValid = 0, TagZero = 1, TagSpecial = 2, TagEmpty = 3;

    /// <summary>The tag physical register <paramref name="physical"/>'s contents call for, were it not empty.</summary>
    private int X87TagFromContents(int physical)
    {
        ref var r = ref _state.St[physical];
        var exponent = r.SignExponent & 0x7FFF;
        var integer = (r.Significand >> 63) != 0;
        if (exponent == 0)
            return r.Significand == 0 ? TagZero : TagSpecial;
        return exponent == 0x7FFF || !integer ? TagSpecial : TagValid;
    }

    /// <summary>The full tag word from an empty/non-empty mask (bit i set: R(i) holds a value), each non-empty tag from its register.</summary>
    private ushort X87FullTags(int occupied)
    {
        var tags = 0;
        for (var i = 0; i < 8; i++)
            tags |= ((occupied >> i & 1) != 0 ? X87TagFromContents(i) : TagEmpty) << (2 * i);
        return (ushort)tags;
    }

    /// <summary>The abridged tag byte FXSAVE stores: bit i set when R(i) is not empty.</summary>
    private byte X87AbridgedTags()
    {
        var abridged = 0;
        for (var i = 0; i < 8; i++)
        {
            if ((_state.Ftw >> (2 * i) & 3) != TagEmpty)
                abridged |= 1 << i;
        }
        return (byte)abridged;
    }

    /// <summary>Occupied mask of a full tag word: FLDENV and FRSTOR keep only empty versus non-empty and recompute the rest.</summary>
    private static int X87Occupied(ushort fullTags)
    {
        var occupied = 0;
        for (var i = 0; i < 8; i++)
        {
            if ((fullTags >> (2 * i) & 3) != TagEmpty)
                occupied |= 1 << i;
        }
        return occupied;
    }
}
