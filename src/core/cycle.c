/* The assessment cycle's rules; see cycle.h. */
#include "core/cycle.h"
#include "base/datetime.h"

#include <string.h>

static const char *const names[PHASE_COUNT] = {"self", "appraisal", "reply", "decision",
                                               "approved", "published"};
static const char *const names_vi[PHASE_COUNT] = {
	"tự đánh giá", "thẩm định", "giải trình, phản hồi", "hội đồng xem xét phản hồi",
	"đã phê duyệt", "đã công bố"};

const char *cycle_phase_name(enum cycle_phase p)
{
	return (unsigned)p < PHASE_COUNT ? names[p] : "?";
}

const char *cycle_phase_name_vi(enum cycle_phase p)
{
	return (unsigned)p < PHASE_COUNT ? names_vi[p] : "?";
}

bool cycle_phase_parse(const char *s, enum cycle_phase *out)
{
	for (int i = 0; i < PHASE_COUNT; i++)
		if (!strcmp(s, names[i])) {
			*out = (enum cycle_phase)i;
			return true;
		}
	return false;
}

bool cycle_self_open(enum cycle_phase p, int32_t today, int32_t self_until,
                     int32_t extension_until, bool submitted)
{
	if (p != PHASE_SELF || submitted)
		return false;
	return today <= self_until || (extension_until != DATE_MIN && today <= extension_until);
}

bool cycle_quorum(long agreeing, long members, double quorum_pct)
{
	if (members <= 0 || agreeing <= 0)
		return false;
	return (double)agreeing * 100.0 > quorum_pct * (double)members;
}

bool cycle_can_advance(enum cycle_phase p, const struct cycle_facts *f,
                       const char **why_vi, const char **why_en, long *count)
{
	*count = 0;
	switch (p) {
	case PHASE_SELF: {
		int32_t last = f->self_until > f->latest_extension ? f->self_until
		                                                    : f->latest_extension;
		if (f->submitted >= f->units || f->today > last)
			return true;
		*count = f->units - f->submitted;
		*why_vi = "còn %ld đơn vị chưa nộp và hạn tự đánh giá (kể cả gia hạn) chưa hết";
		*why_en = "%ld unit(s) have not submitted and the self-assessment deadline "
		          "(extensions included) has not passed";
		return false;
	}
	case PHASE_APPRAISAL:
		if (f->criteria_without_council_value == 0)
			return true;
		*count = f->criteria_without_council_value;
		*why_vi = "còn %ld tiêu chí của đơn vị đã nộp chưa có điểm thẩm định của hội đồng";
		*why_en = "%ld criteria of submitted units have no council value yet";
		return false;
	case PHASE_REPLY:
		if (f->reply_until == DATE_MAX || f->today > f->reply_until)
			return true;
		*why_vi = "thời hạn phản hồi chưa hết";
		*why_en = "the reply window has not closed";
		return false;
	case PHASE_DECISION:
		if (f->replies_undecided == 0)
			return true;
		*count = f->replies_undecided;
		*why_vi = "còn %ld phản hồi chưa được hội đồng xem xét";
		*why_en = "%ld replies have no council decision yet";
		return false;
	case PHASE_APPROVED:
		return true;
	default:
		*why_vi = "chu kỳ đã kết thúc (đã công bố)";
		*why_en = "the cycle is over (published)";
		return false;
	}
}
