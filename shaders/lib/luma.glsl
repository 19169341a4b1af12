// luma: relative luminance of a linear-RGB colour (Rec. 709 weights).
// Use: float l = luma(colour);
#ifndef FNC_LUMA
#define FNC_LUMA
float luma(vec3 c) { return dot(c, vec3(0.2126, 0.7152, 0.0722)); }
#endif
