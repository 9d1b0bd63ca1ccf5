const crypto = {
};
export default crypto;
