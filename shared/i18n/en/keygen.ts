const keygen = {
};
export default keygen;
