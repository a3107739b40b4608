using System;

namespace HvDsl.Machines.Pc;

public sealed partial class I8254Pit
{
    /// <summary>One 8254 counter: its control state, the count being loaded, latches, and the time counting began.</summary>
    private sealed class CounterState
    {
        private int _mode;
        private int _access;
        private bool _bcd;
        private bool _writeHighNext;
        private bool _readHighNext;
        private byte _pendingLow;
        private ushort _reload;
        private bool _counting;
        private ulong _startNanoseconds;
        private ushort? _latchedCount;
        private bool _latchedHighNext;
        private byte? _latchedStatus;
        private bool _nullCount = true;

        /// <summary>Bumped whenever the counter is reprogrammed, so timers scheduled for the old count do nothing.</summary>
        public int Generation;

        /// <summary>Clock ticks per cycle: the initial count, where 0 stands for 2^16 (or 10^4 in BCD).</summary>
        public ulong Period => _reload == 0 ? (_bcd ? 10_000UL : 65_536UL) : FromBcd(_reload);

        /// <summary>Modes 2 and 3 reload by themselves; modes 0 and 4 count once.</summary>
        public bool IsPeriodic => _mode is 2 or 3;

        /// <summary>Modes 1 and 5 wait for a gate trigger, which counter 0's gate (tied high on the PC) never gives.</summary>
        public bool RunsWithoutGateTrigger => _mode is 0 or 2 or 3 or 4;

        /// <summary>OUT's level once a control word or a count is written: low only in mode 0 (datasheet mode descriptions).</summary>
        public bool OutputHighAfterProgramming => _mode != 0;

        // Modes 6 and 7 are modes 2 and 3 with a don't-care bit (datasheet "Control Word Format").
        public void Program(int mode, int access, bool bcd)
        {
            _mode = mode > 5 ? mode - 4 : mode;
            _access = access;
            _bcd = bcd;
            _writeHighNext = _readHighNext = false;
            _latchedCount = null;
            _latchedStatus = null;
            _counting = false;
            _nullCount = true;
            Generation++;
        }

        /// <summary>Takes one byte of a new count; true once the count is complete and counting has (re)started.</summary>
        public bool WriteByte(byte value, ulong now)
        {
            switch (_access)
            {
                case 1: _reload = value; break;
                case 2: _reload = (ushort)(value << 8); break;
                default:
                    _writeHighNext = !_writeHighNext;
                    if (_writeHighNext)
                    {
                        _pendingLow = value;
                        return false;
                    }
                    _reload = (ushort)(_pendingLow | (value << 8));
                    break;
            }
            _counting = true;
            _nullCount = false;
            _startNanoseconds = now;
            return true;
        }

        public byte ReadByte(ulong now)
        {
            if (_latchedStatus is { } status)
            {
                _latchedStatus = null;
                return status;
            }
            if (_latchedCount is { } latched)
            {
                var high = _access == 2 || (_access == 3 && _latchedHighNext);
                _latchedHighNext = _access == 3 && !_latchedHighNext;
                if (!_latchedHighNext) _latchedCount = null;
                return high ? (byte)(latched >> 8) : (byte)latched;
            }
            var count = CountAt(now);
            var readHigh = _access == 2 || (_access == 3 && _readHighNext);
            if (_access == 3) _readHighNext = !_readHighNext;
            return readHigh ? (byte)(count >> 8) : (byte)count;
        }

        // A second latch before the first is read is ignored (datasheet "CounterState Latch Command").
        public void LatchCount(ulong now)
        {
            if (_latchedCount is not null) return;
            _latchedCount = CountAt(now);
            _latchedHighNext = false;
        }

        // Status byte: OUT, NULL COUNT, then the control word's RW, mode and BCD bits.
        public void LatchStatus(ulong now)
        {
            _latchedStatus ??= (byte)((OutputAt(now) ? 0x80 : 0) | (_nullCount ? 0x40 : 0) | (_access << 4) | (_mode << 1) | (_bcd ? 1 : 0));
        }

        public ulong TicksAt(ulong now) =>
            now <= _startNanoseconds ? 0 : (ulong)((UInt128)(now - _startNanoseconds) * InputHz / 1_000_000_000UL);

        /// <summary>The clock time of tick <paramref name="tick"/> after counting began, rounded up to whole nanoseconds.</summary>
        public ulong NanosecondsAtTick(ulong tick) =>
            _startNanoseconds + (ulong)(((UInt128)tick * 1_000_000_000UL + InputHz - 1) / InputHz);

        // Mode 3 counts down by two through each half period; modes 0, 1, 4 and 5 wrap after terminal count.
        private ushort CountAt(ulong now)
        {
            if (!_counting) return _reload;
            var ticks = TicksAt(now);
            var period = Period;
            var modulus = _bcd ? 10_000UL : 65_536UL;
            var count = _mode switch
            {
                2 => period - ticks % period,
                3 => period - 2 * (ticks % period % ((period + 1) / 2)),
                _ => (period + modulus - ticks % modulus) % modulus,
            };
            return ToBcd(count);
        }

        private bool OutputAt(ulong now)
        {
            if (!_counting) return OutputHighAfterProgramming;
            var ticks = TicksAt(now);
            return _mode switch
            {
                0 => ticks >= Period,
                2 => ticks % Period != Period - 1,
                3 => ticks % Period < (Period + 1) / 2,
                _ => true,
            };
        }

        private ulong FromBcd(ushort value) =>
            !_bcd ? value : (ulong)((value >> 12) * 1000 + ((value >> 8) & 0xF) * 100 + ((value >> 4) & 0xF) * 10 + (value & 0xF));

        private ushort ToBcd(ulong count) =>
            !_bcd ? (ushort)count : (ushort)((count / 1000 % 10) << 12 | (count / 100 % 10) << 8 | (count / 10 % 10) << 4 | count % 10);
    }
}
