// grace-sim: interrupt output of a pure core. The shell connects it to a platform IrqLine.
#pragma once

namespace gsim {

class IrqSink {
public:
    virtual ~IrqSink() = default;
    virtual void set_level(bool asserted) = 0;
    void pulse() {
        set_level(true);
        set_level(false);
    }
};

// Does nothing; the default for cores whose interrupt is not wired.
class NullIrq final : public IrqSink {
public:
    void set_level(bool) override {}
};

}  // namespace gsim
