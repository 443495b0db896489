// Umbrella header of the GridProto C target: the protobuf-c code generated from Proto/ by
// `make proto`. Only the Wire module imports it.
#include "job.pb-c.h"
#include "messages.pb-c.h"
